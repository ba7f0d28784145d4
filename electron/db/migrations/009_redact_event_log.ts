// Buyer data sealed at rest: the event log keeps order envelopes with the buyer block replaced by a
// reference to the (sealed) buyer_private row. Rows logged before this version are redacted here; the
// buyer_private rows themselves are sealed by the app at start (sealing needs the data key, SQL has none).
export default /* sql */ `
UPDATE event_log
  SET envelope = json_set(envelope, '$.payload.buyer',
    json_object('ref', 'buyer_private:' || json_extract(envelope, '$.payload.tid'), 'nick', json_extract(envelope, '$.payload.buyer.nick')))
  WHERE type = 'order.upserted' AND json_valid(envelope) AND json_extract(envelope, '$.payload.buyer.ref') IS NULL;
`;
