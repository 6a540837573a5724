// The one error type of the document engines. Every failure a person can cause with a
// file (a broken zip, a password, a zip bomb, a PDF named .docx) becomes a DocumentError
// with a stable code, so the CLI, the agent's tool result and the editor can all say
// clearly what is wrong instead of crashing or hanging.

export type DocumentErrorCode =
  | 'NOT_FOUND' // the file does not exist or cannot be read
  | 'NOT_A_PACKAGE' // not a zip at all (another format, or garbage)
  | 'PASSWORD_PROTECTED' // an encrypted OOXML package inside an OLE/CFB container
  | 'LEGACY_FORMAT' // an OLE/CFB file that is not encrypted OOXML (e.g. Word 97-2003 .doc)
  | 'TRUNCATED' // the zip ends early or an entry runs past the end
  | 'CORRUPT' // inconsistent zip structures, CRC mismatch, bad deflate data
  | 'UNSUPPORTED' // zip64, encrypted zip entries, unknown compression methods
  | 'LIMIT_EXCEEDED' // total size, entry count, compression ratio or XML depth over the limit
  | 'UNSAFE_NAME' // zip-slip: absolute names, `..` segments, backslashes, NUL
  | 'DUPLICATE_ENTRY' // two entries with the same (case-insensitive) name
  | 'XML_MALFORMED' // not well-formed XML
  | 'XML_FORBIDDEN' // DOCTYPE / entity declarations / unknown entities (billion laughs)
  | 'MISSING_PART' // a part the format requires is absent
  | 'INVALID_ARGUMENT'; // the caller asked for something that does not exist (unknown id, bad view)

export class DocumentError extends Error {
  override readonly name = 'DocumentError';
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
    /** The zip entry (part) the problem is in, when there is one. */
    readonly part?: string,
  ) {
    super(message);
  }

  /** The same error, its message prefixed with the file it came from. */
  withFile(file: string): DocumentError {
    const e = new DocumentError(this.code, `${file}: ${this.message}`, this.part);
    e.stack = this.stack;
    return e;
  }
}

export function isDocumentError(err: unknown): err is DocumentError {
  return err instanceof DocumentError;
}
