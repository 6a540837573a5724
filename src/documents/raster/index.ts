// Low-level image tools the engines share: rasters in memory, PNG and PPM, drawing a
// contact-sheet grid or a point ruler, pdftoppm and resvg rasterising, and running an
// external tool. Depends only on ooxml/, office/ and fonts/, so pdf/, pptx/ and render/
// can all use it.
export { newRaster, type Raster, type Rgb } from './raster';
export { encodePng, pngSize } from './png';
export { decodePpm } from './ppm';
export { composeGrid, gridSize, type GridTile, type GridLayout } from './grid';
export { drawPointGrid } from './pointGrid';
export { PDFTOPPM_MISSING, rasterisePages, type PageRaster, type RasterCall } from './pdfPages';
export { rasterSide, svgToPng, type SvgRaster } from './svgRaster';
export { runTool, toolMemoryMiB, type ToolCall } from './runTool';
