import { checkFormPlan, type FormPlan } from './form-plan.js'
import { lazyUploadArea, type UploadArea } from './temp-area.js'

/**
 * What the form routes of one app share for their files: the private temp folder (made on
 * the first file, removed when the app closes) and the plans whose `accept` lists are checked
 * at startup (file-type loads asynchronously, so not at registration).
 */
export interface FormUploads {
  readonly area: UploadArea
  /** Keeps a route's plan, to check at startup. */
  track (plan: FormPlan): void
  /** Checks every plan kept (the app's onReady). */
  check (): Promise<void>
  /** Removes the temp folder (the app's onClose). */
  close (): Promise<void>
}

export function formUploads (parent?: string): FormUploads {
  return formUploadsIn(lazyUploadArea(parent))
}

function formUploadsIn (area: UploadArea): FormUploads {
  let plans: FormPlan[] = []
  return {
    area,
    track (plan) {
      if (plan.files.some((field) => field.accept !== undefined)) plans.push(plan)
    },
    async check () {
      const pending = plans
      plans = []
      for (const plan of pending) await checkFormPlan(plan)
    },
    close: () => area.close(),
  }
}

let shared: FormUploads | undefined

/**
 * For form routes compiled without the routing plugin (an APIRouter mounted by hand, a plain
 * route with form dependencies): one process-wide temp folder, removed when the process exits.
 */
export function sharedFormUploads (): FormUploads {
  if (shared === undefined) {
    const area = lazyUploadArea()
    shared = formUploadsIn(area)
    process.once('exit', () => area.removeSync())
  }
  return shared
}
