/**
 * Image formats people have in their folders that Whisker does not read,
 * known by their first bytes, so that such a file is named for what it is
 * ("a BMP image") rather than "not an image". Asked only of a file refused
 * for its format, whichever of sharp's builds refused it (the WebAssembly one
 * reads Radiance HDR files, which Whisker does not take; the native one does
 * not know them), so both refuse it in the same words.
 */

/** What Whisker reads (decode.ts accepts these of sharp's formats; AVIF is sharp's heif). */
export const READ_FORMATS = 'JPEG, PNG, WebP, GIF, TIFF and AVIF';

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** Each format's name and its file's first bytes (null: any byte there). */
const SIGNATURES: readonly { name: string; starts: readonly (number | null)[] }[] = [
  { name: 'a BMP image', starts: ascii('BM') },
  { name: 'a Windows icon', starts: [0x00, 0x00, 0x01, 0x00] },
  { name: 'a Windows cursor', starts: [0x00, 0x00, 0x02, 0x00] },
  { name: 'a Photoshop document', starts: ascii('8BPS') },
  { name: 'a JPEG XL image', starts: [0xff, 0x0a] },
  { name: 'a JPEG XL image', starts: [0, 0, 0, 0x0c, ...ascii('JXL '), 0x0d, 0x0a, 0x87, 0x0a] },
  { name: 'a JPEG 2000 image', starts: [0, 0, 0, 0x0c, ...ascii('jP  '), 0x0d, 0x0a, 0x87, 0x0a] },
  { name: 'a JPEG 2000 image', starts: [0xff, 0x4f, 0xff, 0x51] },
  { name: 'a QOI image', starts: ascii('qoif') },
  { name: 'an OpenEXR image', starts: [0x76, 0x2f, 0x31, 0x01] },
  { name: 'a DirectDraw surface', starts: ascii('DDS ') },
  { name: 'a Radiance HDR image', starts: ascii('#?RADIANCE') },
  { name: 'a Radiance HDR image', starts: ascii('#?RGBE') },
  { name: 'a PCX image', starts: [0x0a, null, 0x01] },
];

/** Netpbm's P1…P7 (PBM, PGM, PPM, PAM) followed by white space. */
function isNetpbm(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 3 &&
    bytes[0] === 0x50 &&
    bytes[1]! >= 0x31 &&
    bytes[1]! <= 0x37 &&
    [0x09, 0x0a, 0x0d, 0x20].includes(bytes[2]!)
  );
}

/** "a BMP image"… for a file in a format Whisker does not read, or null. */
export function otherImageFormat(bytes: Uint8Array): string | null {
  const match = SIGNATURES.find(
    ({ starts }) => bytes.length >= starts.length && starts.every((b, i) => b === null || bytes[i] === b),
  );
  if (match) return match.name;
  return isNetpbm(bytes) ? 'a Netpbm image (PBM, PGM or PPM)' : null;
}

/** The reason given for such a file. */
export const notReadReason = (format: string) =>
  `${format}, a format Whisker does not read; it reads ${READ_FORMATS}`;
