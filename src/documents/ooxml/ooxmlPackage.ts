// An Office Open XML package: the zip, its content types and relationships, and its
// parts. Parts are inflated and parsed only when asked for. Saving writes the parts that
// were changed (setXml/editXml/setBytes/remove) and copies every other entry with its
// original compressed bytes, so opening and saving without edits changes no part.
// openFile reads the zip from an open file by range instead of holding all its bytes
// (for reading large workbooks); close() lets the file go.

import { ContentTypes, CONTENT_TYPES_ENTRY } from './contentTypes';
import { DocumentError } from './documentError';
import { withDefaults, type PackageLimits } from './limits';
import { relativeTarget, relsEntryFor } from './partNames';
import { addRelationship, emptyRelationships, parseRelationships, REL, type Relationship } from './relationships';
import { parseXml, serializeXml, type XmlDocument } from './xml';
import { inflateEntry, readZip, readZipFrom, type ZipEntry } from './zipReader';
import { fileSource, type FileSource } from './zipSource';
import { writeZip, type ZipOutput } from './zipWriter';

export interface OpenOptions {
  limits?: Partial<PackageLimits>;
  /** What the caller expects, for error messages ("a Word document (.docx)"). */
  expected?: string;
}

export class OoxmlPackage {
  private readonly entries: ZipEntry[];
  private readonly byName = new Map<string, ZipEntry>();
  private readonly xmlCache = new Map<string, XmlDocument>();
  /** Changed or added parts: a tree to serialise or bytes to write. */
  private readonly changed = new Map<string, XmlDocument | Buffer>();
  private readonly removed = new Set<string>();
  private readonly relsCache = new Map<string, Relationship[]>();
  private contentTypesCache?: ContentTypes;
  /** The open file the entries are read from (openFile), until close(). */
  private file?: FileSource;
  readonly limits: PackageLimits;

  private constructor(entries: ZipEntry[], limits: PackageLimits) {
    this.entries = entries;
    this.limits = limits;
    for (const e of entries) this.byName.set(e.name, e);
  }

  static open(data: Uint8Array, opts: OpenOptions = {}): OoxmlPackage {
    const limits = withDefaults(opts.limits);
    return OoxmlPackage.checked(new OoxmlPackage(readZip(data, limits, opts.expected), limits));
  }

  /**
   * Opens the package in the file at `path`, reading its central directory and then each
   * part's bytes only when asked for (a part can be streamed: xlsx/partStream.ts). Keeps
   * the file open until close(); the file must not be rewritten in place meanwhile (a
   * writer that renames a new file over it, as writeOutput does, is fine).
   */
  static openFile(path: string, opts: OpenOptions = {}): OoxmlPackage {
    const limits = withDefaults(opts.limits);
    const file = fileSource(path);
    try {
      const pkg = new OoxmlPackage(readZipFrom(file, limits, opts.expected), limits);
      pkg.file = file;
      return OoxmlPackage.checked(pkg);
    } catch (err) {
      file.close();
      throw err;
    }
  }

  private static checked(pkg: OoxmlPackage): OoxmlPackage {
    if (!pkg.byName.has(CONTENT_TYPES_ENTRY)) {
      pkg.close();
      throw new DocumentError('MISSING_PART', `this zip file is not an Office document: it has no [Content_Types].xml`, CONTENT_TYPES_ENTRY);
    }
    return pkg;
  }

  /** Lets go of the file of openFile (parts not yet read can no longer be); no-op otherwise. */
  close(): void {
    this.file?.close();
  }

  /** A new, empty package: only [Content_Types].xml (with the rels and xml defaults). */
  static create(limits?: Partial<PackageLimits>): OoxmlPackage {
    const pkg = new OoxmlPackage([], withDefaults(limits));
    pkg.setBytes(
      CONTENT_TYPES_ENTRY,
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/></Types>',
        'utf8',
      ),
    );
    return pkg;
  }

  /** Entry names of the parts (no directories), in zip order, then added parts. */
  entryNames(): string[] {
    const names = this.entries.filter((e) => !e.isDirectory && !this.removed.has(e.name)).map((e) => e.name);
    for (const k of this.changed.keys()) if (!this.byName.has(k)) names.push(k);
    return names;
  }

  has(entry: string): boolean {
    if (this.removed.has(entry)) return false;
    return this.changed.has(entry) || this.byName.has(entry);
  }

  /** The zip entry as read (undefined for added parts). */
  zipEntry(entry: string): ZipEntry | undefined {
    return this.byName.get(entry);
  }

  bytes(entry: string): Buffer {
    const c = this.changed.get(entry);
    if (c) return Buffer.isBuffer(c) ? c : Buffer.from(serializeXml(c), 'utf8');
    const z = this.byName.get(entry);
    if (!z || this.removed.has(entry)) throw new DocumentError('MISSING_PART', `the package has no part ${entry}`, entry);
    return inflateEntry(z);
  }

  /** The parsed part, cached. Treat it as read-only; use editXml to change it. */
  xml(entry: string): XmlDocument {
    const c = this.changed.get(entry);
    if (c && !Buffer.isBuffer(c)) return c;
    const cached = this.xmlCache.get(entry);
    if (cached) return cached;
    const doc = parseXml(this.bytes(entry), { maxDepth: this.limits.maxXmlDepth, part: entry });
    this.xmlCache.set(entry, doc);
    return doc;
  }

  /** The parsed part, marked as changed: mutations are written on save. */
  editXml(entry: string): XmlDocument {
    const doc = this.xml(entry);
    this.changed.set(entry, doc);
    this.invalidate(entry);
    return doc;
  }

  setXml(entry: string, doc: XmlDocument, contentType?: string): void {
    this.changed.set(entry, doc);
    this.removed.delete(entry);
    this.invalidate(entry);
    if (contentType) this.setContentType(entry, contentType);
  }

  setBytes(entry: string, data: Buffer, contentType?: string): void {
    this.changed.set(entry, data);
    this.removed.delete(entry);
    this.xmlCache.delete(entry);
    this.invalidate(entry);
    if (contentType) this.setContentType(entry, contentType);
  }

  remove(entry: string): void {
    this.changed.delete(entry);
    this.xmlCache.delete(entry);
    if (this.byName.has(entry)) this.removed.add(entry);
    this.invalidate(entry);
  }

  /** Parts changed, added or removed since opening. */
  touched(): string[] {
    return [...new Set([...this.changed.keys(), ...this.removed])];
  }

  get contentTypes(): ContentTypes {
    if (!this.contentTypesCache) this.contentTypesCache = ContentTypes.fromXml(this.xml(CONTENT_TYPES_ENTRY));
    return this.contentTypesCache;
  }

  contentType(entry: string): string | undefined {
    return this.contentTypes.get(entry);
  }

  setContentType(entry: string, contentType: string): void {
    ContentTypes.setOverride(this.editXml(CONTENT_TYPES_ENTRY), entry, contentType);
    this.contentTypesCache = undefined;
  }

  ensureDefaultContentType(extension: string, contentType: string): void {
    if (this.contentTypes.defaults.has(extension.toLowerCase())) return;
    ContentTypes.ensureDefault(this.editXml(CONTENT_TYPES_ENTRY), extension, contentType);
    this.contentTypesCache = undefined;
  }

  /** Relationships of a part ('' for the package's own `_rels/.rels`); empty when it has none. */
  relationships(sourceEntry: string): Relationship[] {
    const cached = this.relsCache.get(sourceEntry);
    if (cached) return cached;
    const relsEntry = relsEntryFor(sourceEntry);
    const rels = this.has(relsEntry) ? parseRelationships(this.xml(relsEntry), sourceEntry, relsEntry) : [];
    this.relsCache.set(sourceEntry, rels);
    return rels;
  }

  relationship(sourceEntry: string, id: string): Relationship | undefined {
    return this.relationships(sourceEntry).find((r) => r.id === id);
  }

  /** Adds a relationship from `sourceEntry` to a part (entry name) or, when external, a URL. */
  addRelationship(sourceEntry: string, type: string, target: string, external = false): string {
    const relsEntry = relsEntryFor(sourceEntry);
    if (!this.has(relsEntry)) this.setXml(relsEntry, emptyRelationships());
    const id = addRelationship(this.editXml(relsEntry), type, external ? target : relativeTarget(sourceEntry, target), external);
    this.relsCache.delete(sourceEntry);
    return id;
  }

  /** The main part (the target of the package's officeDocument relationship). */
  mainEntry(): string {
    const rel = this.relationships('').find((r) => r.type === REL.officeDocument || r.type === REL.officeDocumentStrict);
    if (!rel?.targetEntry) throw new DocumentError('MISSING_PART', 'the package has no main document relationship (_rels/.rels)', '_rels/.rels');
    if (!this.has(rel.targetEntry)) throw new DocumentError('MISSING_PART', `the main document part ${rel.targetEntry} is missing`, rel.targetEntry);
    return rel.targetEntry;
  }

  save(): Buffer {
    const outputs: ZipOutput[] = [];
    for (const e of this.entries) {
      if (this.removed.has(e.name)) continue;
      const c = this.changed.get(e.name);
      if (c === undefined) outputs.push({ kind: 'copy', entry: e });
      else outputs.push({ kind: 'new', name: e.name, data: toBytes(c), dosTime: e.dosTime, dosDate: e.dosDate });
    }
    for (const [name, c] of this.changed) if (!this.byName.has(name)) outputs.push({ kind: 'new', name, data: toBytes(c) });
    return writeZip(outputs);
  }

  private invalidate(entry: string): void {
    if (entry === CONTENT_TYPES_ENTRY) this.contentTypesCache = undefined;
    if (entry.endsWith('.rels')) this.relsCache.clear();
  }
}

function toBytes(c: XmlDocument | Buffer): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(serializeXml(c), 'utf8');
}
