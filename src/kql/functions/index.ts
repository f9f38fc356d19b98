/**
 * Registers every built-in: importing this module fills the registry (registry.ts) for the engine.
 * One folder per family; each folder's index.ts imports its built-ins, one small file per function or tight family.
 */
import './aggregates/index.ts';
import './conversion/index.ts';
import './datetime/index.ts';
import './dynamic/index.ts';
import './hash/index.ts';
import './ip/index.ts';
import './logic/index.ts';
import './math/index.ts';
import './operators/index.ts';
import './string/index.ts';
import './window/index.ts';
