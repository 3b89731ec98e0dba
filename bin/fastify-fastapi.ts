#!/usr/bin/env node
// `npx fastify-fastapi new my-api --template full`: the command line, read with cac. The work
// (copying, naming, the next steps) is src/cli's; this file only parses, prints and exits.
import { join } from 'node:path'
import { cac } from 'cac'
import { createProject, describeTemplates, nextSteps, packageInfo } from '../src/cli/index.js'

// bin/ in the repo, dist/bin/ once built: the package's root is the nearest package.json.
const library = packageInfo(import.meta.dirname)
const cli = cac(library.name)

cli.command('new <directory>', 'Create a project from a template, in a new or empty folder named for it')
  .option('-t, --template <template>', `The template: ${describeTemplates()}`, { default: 'minimal' })
  .option('--library <spec>', `The ${library.name} dependency written into the project's package.json, such as file:../${library.name}-${library.version}.tgz for a local build`, { default: `^${library.version}` })
  .example(`${library.name} new my-api`)
  .example(`${library.name} new my-api --template full`)
  .action((directory: string, options: { template: unknown, library: unknown }) => {
    const project = createProject({
      templatesDir: join(library.root, 'templates'),
      template: onlyOne('--template', options.template),
      directory: String(directory),
      library: { name: library.name, spec: onlyOne('--library', options.library) },
    })
    const steps = nextSteps(project.directory, process.cwd())
    process.stdout.write([
      `Created ${project.name} from the ${String(options.template)} template in ${project.directory}.`,
      '',
      'Next:',
      ...steps.map((step) => `  ${step}`),
      '',
    ].join('\n'))
  })

cli.help()
cli.version(library.version)

// A flag given twice arrives as an array: the command takes one value each.
function onlyOne (flag: string, value: unknown): string {
  if (typeof value === 'string' && value !== '') return value
  throw new UsageError(`${flag} takes one value, got ${JSON.stringify(value)}`)
}

class UsageError extends Error {}

try {
  cli.parse(process.argv, { run: false })
  const unknown = cli.matchedCommand === undefined ? cli.args[0] : undefined
  if (unknown !== undefined) throw new UsageError(`Unknown command '${unknown}'`)
  if (cli.matchedCommand === undefined && cli.options.help !== true && cli.options.version !== true) cli.outputHelp()
  else await cli.runMatchedCommand()
} catch (error) {
  const { code, name, message } = error as { code?: unknown, name?: unknown, message?: unknown }
  // Our coded errors say what to do; cac's and the usage ones get a pointer to --help.
  if (typeof code === 'string' && code.startsWith('FFA_ERR_')) process.stderr.write(`${code}: ${String(message)}\n`)
  else if (error instanceof UsageError || name === 'CACError') process.stderr.write(`${String(message)}. Run '${[library.name, cli.matchedCommandName, '--help'].filter(Boolean).join(' ')}' to see ${cli.matchedCommandName === undefined ? 'the commands' : 'its arguments and options'}.\n`)
  else throw error
  process.exitCode = 1
}
