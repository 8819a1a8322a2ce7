/** The proof suite on CPython 3.14 (Pyodide 314.0.8, CPython 3.14.2): see proofSuite.ts. */
import { describePyodideProof } from './proofSuite.js';
import { pyodideInterpreters } from './pyodideHarness.js';

describePyodideProof(pyodideInterpreters[0]);
