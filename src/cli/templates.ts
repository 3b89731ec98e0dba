import { join } from 'node:path'
import { FFA_ERR_CLI_TEMPLATE_UNKNOWN } from '../shared/codes.js'

// The templates `fastify-fastapi new --template <name>` knows, each with its folder under the
// package's templates/. The one place a name maps to a folder: `full` is the shop until its
// folder is renamed templates/full.
const TEMPLATES = {
  minimal: { folder: 'minimal', description: 'one file, a few routes: FastAPI\'s first steps' },
  full: { folder: 'shop', description: 'the shop, in FastAPI\'s bigger-applications layout' },
} as const

export type TemplateName = keyof typeof TEMPLATES

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[]

/** The templates with what each holds, `minimal (one file, ...) or full (...)`, for the CLI's help. */
export function describeTemplates (): string {
  return TEMPLATE_NAMES.map((name) => `${name} (${TEMPLATES[name].description})`).join(' or ')
}

// Written into every new project before its template's own files: the tsconfig and the
// .gitignore every template shares.
export const SHARED_FOLDER = 'shared'

export function isTemplateName (name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name)
}

/** The folder of a template, under `templatesDir`; an unknown name is FFA_ERR_CLI_TEMPLATE_UNKNOWN. */
export function templateFolder (templatesDir: string, name: string): string {
  if (!isTemplateName(name)) throw new FFA_ERR_CLI_TEMPLATE_UNKNOWN(name, TEMPLATE_NAMES.join(', '))
  return join(templatesDir, TEMPLATES[name].folder)
}
