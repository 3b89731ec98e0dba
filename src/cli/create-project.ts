import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { FFA_ERR_CLI_TARGET_NOT_EMPTY } from '../shared/codes.js'
import { projectName } from './project-name.js'
import { SHARED_FOLDER, templateFolder, type TemplateName } from './templates.js'

// A template holds two files under names that would change what they are inside this repo:
// a package.json in a template's folder would end the repo's package scope there, so the
// template's `import 'fastify-fastapi'` would no longer reach the repo's sources; and npm
// leaves every .gitignore out of a tarball. Each is written under its real name.
const RENAMED: Readonly<Record<string, string>> = {
  'package.template.json': 'package.json',
  gitignore: '.gitignore',
}

// What running or installing a template leaves in its folder: never part of a new project.
const LEFT_OUT_AT_ROOT = new Set(['node_modules', 'package-lock.json', 'data', 'dist', 'coverage'])

export interface LibraryDependency {
  /** The library's package name: `fastify-fastapi`. */
  name: string
  /** What the project's package.json asks for: `^0.1.0`, or a `file:` path to a tarball. */
  spec: string
}

export interface CreateProjectOptions {
  /** The folder holding the templates (the package's templates/). */
  templatesDir: string
  /** `minimal` or `full`. */
  template: TemplateName | (string & {})
  /** Where the project goes: a folder that does not exist yet, or an empty one. */
  directory: string
  /** The project's dependency on this library, written over the template's. */
  library: LibraryDependency
}

export interface CreatedProject {
  /** The project's folder, absolute. */
  directory: string
  /** Its package.json name: the folder's name. */
  name: string
  /** The files written, relative to `directory`, sorted. */
  files: string[]
}

interface TemplateManifest {
  name?: string
  dependencies?: Record<string, string>
  [field: string]: unknown
}

/**
 * Writes a new project: the shared files, then the template's, then its package.json named for
 * the folder and depending on `library.spec`. Refuses (FFA_ERR_CLI_TARGET_NOT_EMPTY) a folder
 * that holds anything, or a file in the way, before writing a byte; on a failure half-way, the
 * folder it created is removed again.
 *
 * @example
 * createProject({ templatesDir, template: 'minimal', directory: 'my-api',
 *                 library: { name: 'fastify-fastapi', spec: '^0.1.0' } })
 */
export function createProject (options: CreateProjectOptions): CreatedProject {
  const source = templateFolder(options.templatesDir, options.template)
  const directory = resolve(options.directory)
  const name = projectName(directory)
  const created = checkTarget(directory)
  try {
    mkdirSync(directory, { recursive: true })
    copyFolder(join(options.templatesDir, SHARED_FOLDER), directory)
    copyFolder(source, directory)
    for (const [from, to] of Object.entries(RENAMED)) {
      if (existsSync(join(directory, from))) renameSync(join(directory, from), join(directory, to))
    }
    writeManifest(join(directory, 'package.json'), name, options.library)
  } catch (error) {
    if (created) rmSync(directory, { recursive: true, force: true })
    throw error
  }
  const files = readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(directory, file)).isFile())
    .map((file) => file.split('\\').join('/'))
    .sort()
  return { directory, name, files }
}

/** Whether the folder is still to be created; throws when it cannot take a project. */
function checkTarget (directory: string): boolean {
  if (!existsSync(directory)) return true
  const shown = relative(process.cwd(), directory) || '.'
  if (!statSync(directory).isDirectory()) throw new FFA_ERR_CLI_TARGET_NOT_EMPTY(shown, 'is a file')
  const entries = readdirSync(directory)
  if (entries.length > 0) {
    const listed = entries.slice(0, 3).join(', ') + (entries.length > 3 ? `, and ${entries.length - 3} more` : '')
    throw new FFA_ERR_CLI_TARGET_NOT_EMPTY(shown, `already holds ${listed}`)
  }
  return false
}

function copyFolder (from: string, to: string): void {
  cpSync(from, to, {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter: (path) => {
      const inside = relative(from, path)
      if (inside.split(/[\\/]/).includes('node_modules')) return false
      return !LEFT_OUT_AT_ROOT.has(inside)
    },
  })
}

function writeManifest (path: string, name: string, library: LibraryDependency): void {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as TemplateManifest
  // `name` first, as npm writes it.
  const { name: _templateName, ...rest } = manifest
  const written: TemplateManifest = { name, ...rest, dependencies: { ...manifest.dependencies, [library.name]: library.spec } }
  writeFileSync(path, JSON.stringify(written, null, 2) + '\n')
}
