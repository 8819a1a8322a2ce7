/** The proof suite on CPython 3.15 (Pyodide 315.0.0-alpha.2, CPython 3.15.0rc1): see proofSuite.ts. */
import { describePyodideProof } from './proofSuite.js';
import { pyodideInterpreters } from './pyodideHarness.js';

describePyodideProof(pyodideInterpreters[1]);
