/**
 * /compile/*: a compile starts `InQueue` and ends `BuildSuccess`, or `BuildError` when a file
 * contains the marker `SYNTAX_ERROR`, after `readsUntilDone` reads.
 */
import { int, str, type Handler } from '../body';
import { LEAN_VERSIONS } from '../catalog';
import { hexId, isDone, nextNumber, qcDate, requireCompile, requireProject, type CompileRecord } from '../world';

export const SYNTAX_ERROR_MARKER = 'SYNTAX_ERROR';

function compileState(compile: CompileRecord, done: boolean): CompileRecord['outcome'] | 'InQueue' {
  return done ? compile.outcome : 'InQueue';
}

/** Where the marker is, as QuantConnect's build log reports a syntax error. */
function buildErrors(compile: CompileRecord): string[] {
  const errors: string[] = [];
  for (const file of compile.files) {
    file.content.split('\n').forEach((line, index) => {
      const column = line.indexOf(SYNTAX_ERROR_MARKER);
      if (column >= 0) {
        errors.push(`Build Error: File: ${file.name} Line: ${index + 1} Column: ${column + 1} - invalid syntax`);
      }
    });
  }
  return errors;
}

function logs(compile: CompileRecord, done: boolean): string[] {
  const header = `Build Request Successful for Project ID: ${compile.projectId}, with CompileID: ${compile.compileId}, Lean Version: 2.5.0.0.${LEAN_VERSIONS[0].id}`;
  if (!done) return [header];
  if (compile.outcome === 'BuildError') return [header, ...buildErrors(compile)];
  return [header, 'Syntax check and compilation successful.'];
}

const create: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const n = nextNumber(world, 'compile');
  const files = [...project.files.values()].map((file) => ({ ...file }));
  const compile: CompileRecord = {
    compileId: `${hexId('compile-a', n, 6)}-${hexId('compile-b', n, 6)}`,
    projectId: project.projectId,
    created: qcDate(world.now()),
    files,
    outcome: files.some((file) => file.content.includes(SYNTAX_ERROR_MARKER)) ? 'BuildError' : 'BuildSuccess',
    reads: 0,
  };
  world.compiles.set(compile.compileId, compile);
  return {
    compileId: compile.compileId,
    state: 'InQueue',
    parameters: [],
    projectId: project.projectId,
    signature: hexId('signature', n, 40),
    signatureOrder: files.map((file) => file.name),
  };
};

const read: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const compile = requireCompile(world, project, str(body, 'compileId'));
  compile.reads++;
  const done = isDone(world, compile.reads);
  return { compileId: compile.compileId, state: compileState(compile, done), logs: logs(compile, done) };
};

export const compileHandlers: Record<string, Handler> = {
  '/compile/create': create,
  '/compile/read': read,
};
