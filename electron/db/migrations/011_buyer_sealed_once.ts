// A buyer's real contact (name, phone, secret number, address) is sealed as ONE value per order in
// buyer_private.sealed (AES-256-GCM, bound to the tid), instead of one sealed value per column: one seal per
// order write instead of four. Rows written before keep their sealed columns (the reveal opens either form)
// and are rewritten in the new form when the order is next written; plaintext rows from before sealing are
// sealed into the new form at start (electron/orders/write.ts sealLegacyBuyerRows).
export default /* sql */ `
ALTER TABLE buyer_private ADD COLUMN sealed TEXT;
`;
