// The package layer shared by the DOCX, XLSX and PPTX engines.
export { DocumentError, isDocumentError, type DocumentErrorCode } from './documentError';
export { DEFAULT_LIMITS, type PackageLimits } from './limits';
export { OoxmlPackage, type OpenOptions } from './ooxmlPackage';
export { REL, type Relationship } from './relationships';
export { relsEntryFor, resolveTarget, relativeTarget, toEntryName, toPartName } from './partNames';
export { parseXml, serializeXml, serializeElement, type XmlDocument, type XmlElement, type XmlNode, type XmlText } from './xml';
export { el, text, isElement, child, childrenNamed, elements, attr, walk, textContent, localName } from './xmlTree';
export { sniff, describeKind } from './sniff';
