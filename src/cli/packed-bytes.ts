/**
 * Many small byte strings kept end to end in large blocks. A streamed lint keeps every snapshot's
 * outcome deflated until the run is read; deflateRawSync returns a view of its 16 KiB output
 * chunk, so a Buffer kept per outcome held 16 KiB for about 3 KB of data (80 MB instead of 17 MB
 * at 5,000 hosts). Copying each into a block keeps exactly its bytes, outside the V8 heap.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Outcomes are compressed at the fastest level: about 0.1 ms a host. */
const DEFLATE = { level: 1 };

/**
 * A snapshot's outcome as deflated JSON text, in a buffer of its own size (deflateRawSync's result
 * is a view of a 16 KiB chunk, which a worker's postMessage would copy whole).
 */
export function packOutcome(outcome: unknown): Uint8Array {
  return new Uint8Array(deflateRawSync(JSON.stringify(outcome), DEFLATE));
}

/** The JSON text of a packed outcome. */
export function unpackText(bytes: Uint8Array): string {
  return inflateRawSync(bytes).toString('utf8');
}

/** Where one item is: its block, offset and length. */
export interface PackedRef {
  block: number;
  at: number;
  length: number;
}

const BLOCK = 1 << 20;

export class PackedBytes {
  private readonly blocks: Buffer[] = [];
  private used = 0;

  /** Copy `bytes` in; the caller may reuse or drop them. */
  put(bytes: Uint8Array): PackedRef {
    if (this.blocks.length === 0 || this.used + bytes.length > this.blocks[this.blocks.length - 1].length) {
      // An item larger than a block gets a block of its own size.
      this.blocks.push(Buffer.allocUnsafeSlow(Math.max(BLOCK, bytes.length)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    this.blocks[block].set(bytes, this.used);
    const ref = { block, at: this.used, length: bytes.length };
    this.used += bytes.length;
    return ref;
  }

  /** The bytes of `ref` (a view: valid while this store lives). */
  get(ref: PackedRef): Buffer {
    return this.blocks[ref.block].subarray(ref.at, ref.at + ref.length);
  }

  /** Bytes held in blocks. */
  get size(): number {
    return this.blocks.reduce((n, b) => n + b.length, 0);
  }
}
