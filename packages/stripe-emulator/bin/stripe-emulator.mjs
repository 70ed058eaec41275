#!/usr/bin/env node
// The `stripe-emulator` command: the package ships TypeScript source, so the CLI is loaded through
// tsx's ESM loader (a dependency of this package). See ../README.md for the environment it reads.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
