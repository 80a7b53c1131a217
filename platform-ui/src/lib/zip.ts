/** Reads one entry of a zip in the browser (stored or deflated), via the central directory. */
export async function readZipEntry(zip: ArrayBuffer, name: string): Promise<Uint8Array | null> {
  const view = new DataView(zip);
  let eocd = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < entries; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip directory');
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const local = view.getUint32(p + 42, true);
    const entryName = decoder.decode(new Uint8Array(zip, p + 46, nameLength));
    if (entryName === name) {
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = new Uint8Array(zip, start, compressed);
      if (method === 0) return data.slice();
      if (method !== 8) throw new Error(`unsupported compression method ${method}`);
      const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    p += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

/** Names of a zip's entries. */
export function zipEntryNames(zip: ArrayBuffer): string[] {
  const view = new DataView(zip);
  let eocd = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const names: string[] = [];
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < view.getUint16(eocd + 10, true); n++) {
    const nameLength = view.getUint16(p + 28, true);
    names.push(decoder.decode(new Uint8Array(zip, p + 46, nameLength)));
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return names;
}
