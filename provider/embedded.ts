/**
 * What the self-contained release executable carries inside itself. Run from the package folder,
 * the provider reads its version from package.json and its .proto files from disk (its response
 * validators are generated code, compiled in); the bundle (scripts/bundle.ts) registers them here first, so it needs no folder beside it.
 */

/** The assets a bundled executable embeds. */
export interface EmbeddedAssets {
  /** The package version the bundle was built from. */
  readonly version: string;
  /**
   * The executable file itself, what `install` copies into a mirror: the bundle, or the single
   * executable carrying it (there the bundle's `__filename` is the executable, process.execPath).
   */
  readonly executable: string;
  /** Whether V8 took the code cache built into the executable ('rejected': built by another Node). */
  readonly codeCache: 'accepted' | 'rejected' | 'absent';
  /** protobufjs JSON descriptors (Root.toJSON()), by .proto path relative to the package root. */
  readonly protos: Readonly<Record<string, object>>;
}

let embedded: EmbeddedAssets | undefined;

/** Registers the assets of a bundled build (called once by the bundle's entry, before main()). */
export function embedAssets(assets: EmbeddedAssets): void {
  embedded = assets;
}

/** The embedded assets when running as the bundled executable; undefined from the package folder. */
export function embeddedAssets(): EmbeddedAssets | undefined {
  return embedded;
}
