// The one call of unzipper (no bundled types) that xlsx.ts makes: open a zip held in memory by its
// central directory.
declare module 'unzipper' {
  import type { Readable } from 'node:stream';
  export interface File {
    path: string;
    type: 'File' | 'Directory';
    uncompressedSize: number;
    stream(password?: string): Readable;
  }
  export interface CentralDirectory {
    files: File[];
  }
  export const Open: {
    buffer(data: Buffer): Promise<CentralDirectory>;
  };
  const unzipper: { Open: typeof Open };
  export default unzipper;
}
