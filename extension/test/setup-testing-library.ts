import { configure } from '@testing-library/preact';

// `waitFor` and `findBy…` wait for a condition; the timeout only ends a test that is broken. Their
// default (1 s) is shorter than one render round can take on a loaded 2-core CI machine, which
// turned waiting into a flake: bound it by what a broken test may cost instead.
configure({ asyncUtilTimeout: 15_000 });
