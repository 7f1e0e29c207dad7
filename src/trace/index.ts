export type { NdjsonTraceWriter, NdjsonWriterOptions } from './ndjson-writer';
export { createNdjsonTraceWriter } from './ndjson-writer';
export { readTrace, streamTrace } from './read-trace';
export type { MemorySink } from './sinks';
export { createMemorySink } from './sinks';
export type { CaseMeta, RecordedHeaders, TraceRecord } from './types';
export { RECORDED_HEADER_NAMES } from './types';
