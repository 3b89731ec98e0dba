#!/usr/bin/env node
// `npx fastify-fastapi new my-api --template full`, `npx fastify-fastapi worker app.ts`: the
// command line, read with cac. The work (copying, naming, the next steps; building the app and
// checking its jobs) is src/cli's; this file only parses, prints, waits for signals and exits.
import { join } from 'node:path'
import { cac } from 'cac'
import type { FastifyInstance } from 'fastify'
import { createProject, describeTemplates, nextSteps, packageInfo, startWorker } from '../src/cli/index.js'

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

cli.command('worker <entry>', 'Run the jobs of the app <entry> builds (on BullMQ), without serving HTTP, until SIGTERM or SIGINT')
  .option('--export <name>', 'The export of <entry> that builds the app (default: its default export, else buildApp)')
  .example(`${library.name} worker app.ts`)
  .example(`${library.name} worker dist/app.js --export createApp`)
  .action(async (entry: string, options: { export?: unknown }) => {
    const exportName = options.export === undefined ? undefined : onlyOne('--export', options.export)
    const { app, summary } = await startWorker({ entry: String(entry), exportName })
    // Listening for the signals before the line that says so: whoever waits for it may send one at once.
    stopOnSignals(app)
    say(app, 'info', summary)
  })

cli.help()
cli.version(library.version)

// In the app's log when it has one (JSON lines beside its own), else a plain line.
function say (app: FastifyInstance, level: 'info' | 'error', message: string, error?: unknown): void {
  if (typeof app.log.level === 'string') app.log[level](error === undefined ? {} : { err: error }, message)
  else (level === 'info' ? process.stdout : process.stderr).write(`${message}${error === undefined ? '' : `: ${String(error)}`}\n`)
}

// The first signal closes the app (its workers stop taking jobs and wait for the running
// ones, the drainTimeoutMs of the jobs plugin at most) and exits 0; a second one exits at once.
function stopOnSignals (app: FastifyInstance): void {
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(app, 'error', `${signal} again: exiting without waiting for the running jobs`)
      process.exit(1)
    }
    stopping = true
    say(app, 'info', `${signal}: stopping once the running jobs have finished`)
    app.close().then(() => {
      say(app, 'info', 'Worker stopped')
      // Whatever the app's module left open (a timer, a socket) does not keep a stopped worker alive.
      process.exit(0)
    }, (error: unknown) => {
      say(app, 'error', 'The worker did not close cleanly', error)
      process.exit(1)
    })
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

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
  // The entry's module may have opened something (a server, a connection) that would keep a
  // worker that never started alive.
  if (cli.matchedCommandName === 'worker') process.exit()
}
