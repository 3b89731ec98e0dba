// The CLI's core (`fastify-fastapi new`, `fastify-fastapi worker`): plain functions, no argument parsing, no printing.
// bin/fastify-fastapi.ts reads the command line and calls these.
export { createProject, type CreateProjectOptions, type CreatedProject, type LibraryDependency } from './create-project.js'
export { nextSteps } from './next-steps.js'
export { packageInfo, type PackageInfo } from './package-root.js'
export { projectName } from './project-name.js'
export { TEMPLATE_NAMES, describeTemplates, isTemplateName, templateFolder, type TemplateName } from './templates.js'
export { startWorker, type StartedWorker, type WorkerOptions } from './worker.js'
