// The only globals the core may use: web standards that Node and browsers (and their workers) both provide.
// tsconfig.core.json checks src/core against these alone, with neither Node's nor the DOM's declarations.

interface TextDecodeOptions { stream?: boolean }
interface TextDecoderOptions { fatal?: boolean; ignoreBOM?: boolean }
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: TextDecodeOptions): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class URL {
  constructor(url: string, base?: string | URL);
  href: string;
  pathname: string;
  toString(): string;
}
