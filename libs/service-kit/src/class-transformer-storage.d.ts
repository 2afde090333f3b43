// class-transformer keeps its metadata storage (needed to follow @Type() when
// turning validation decorators into JSON schemas) outside its typed entry point.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
  export const defaultMetadataStorage: MetadataStorage;
}
