/** Projects: create, read, list (paged), rename, delete. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { end, projectId, start } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm } from './shape/envelope';
import { fitting, pageNote, pageOf, windowOf } from './shape/page';
import { clip } from './shape/text';

const PAGE = 100;

function projectSummary(project: unknown): Record<string, unknown> {
  const p = record(project);
  return definedOnly({
    projectId: p.projectId,
    name: p.name,
    language: p.language,
    modified: p.modified,
    description: typeof p.description === 'string' ? clip(p.description, 200) : undefined,
  });
}

/**
 * QuantConnect lists only parameter values set in its IDE: an empty list next to code that calls
 * get_parameter reads as "this project has no parameters", so it is replaced by where they are.
 */
const NO_PARAMETERS_SET =
  'No parameter values set in QuantConnect; read_file without a name lists those the code reads with get_parameter.';

/** A project without the web IDE's layout state (grids, the live wizard form). */
function projectDetails(project: unknown): Record<string, unknown> {
  const details = { ...record(project) };
  delete details.grid;
  delete details.liveGrid;
  delete details.liveForm;
  if (Array.isArray(details.parameters) && details.parameters.length === 0) details.parameters = NO_PARAMETERS_SET;
  return definedOnly(details);
}

/** The file QuantConnect's template puts the algorithm in, by language. */
const MAIN_FILE: Record<string, string> = { Py: 'main.py', 'C#': 'Main.cs' };

function createdProject(project: unknown, language: string): Record<string, unknown> {
  const summary = projectSummary(project);
  const main = MAIN_FILE[language];
  return {
    ...summary,
    next:
      `It starts with a template ${main}: write your algorithm over it with update_file_contents ` +
      `(projectId ${String(summary.projectId)}, name "${main}"), then create_compile.`,
  };
}

export const PROJECT_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_project',
    title: 'Create project',
    description:
      'Create an algorithm project with a template main.py (Py) or Main.cs (C#); returns its projectId. Overwrite the template with update_file_contents.',
    effect: 'create',
    endpoint: '/projects/create',
    input: () => ({
      name: z.string().describe('Project name; "/" makes folders'),
      language: z.enum(['Py', 'C#']).describe('Py or C#'),
      organizationId: z.string().optional().describe('Default: your preferred organization'),
    }),
    shape: (response, args) => createdProject(list(response.projects)[0], args.language),
  }),
  defineTool({
    name: 'read_project',
    title: 'Read project',
    description: "One project's details: name, language, LEAN version, collaborators, parameters set in QuantConnect.",
    effect: 'read',
    endpoint: '/projects/read',
    input: () => ({ projectId: projectId() }),
    shape: (response) => projectDetails(list(response.projects)[0]),
  }),
  defineTool({
    name: 'list_projects',
    title: 'List projects',
    description: 'Your projects (id, name, language, modified), a page at a time.',
    effect: 'read',
    endpoint: '/projects/read',
    input: () => ({ start: start(), end: end(PAGE) }),
    // One more than the page is asked for: its presence says whether another page follows.
    body: (args) => {
      const window = windowOf(args.start, args.end, PAGE);
      return { start: window.start, end: window.end + 1 };
    },
    shape: (response, args) => {
      const window = windowOf(args.start, args.end, PAGE);
      const span = window.end - window.start;
      const projects = list(response.projects);
      if (projects.length > span + 1) {
        // More than asked for: this QuantConnect ignored the window and sent every project.
        const page = pageOf(projects.map(projectSummary), window, 'projects');
        return { note: page.note, projects: page.items };
      }
      const items = fitting(projects.slice(0, span).map(projectSummary));
      const note = pageNote({
        noun: 'projects',
        start: window.start,
        count: items.length,
        more: projects.length > items.length,
      });
      return { note, projects: items };
    },
  }),
  defineTool({
    name: 'update_project',
    title: 'Update project',
    description: 'Rename a project or change its description.',
    effect: 'update',
    endpoint: '/projects/update',
    input: () => ({
      projectId: projectId(),
      name: z.string().optional().describe('New name'),
      description: z.string().optional().describe('New description'),
    }),
    shape: confirm((args) => `Project ${args.projectId} updated.`),
  }),
  defineTool({
    name: 'delete_project',
    title: 'Delete project',
    description: 'Delete a project with its files and backtests, for good.',
    effect: 'delete',
    endpoint: '/projects/delete',
    input: () => ({ projectId: projectId() }),
    shape: confirm((args) => `Project ${args.projectId} deleted.`),
  }),
];
