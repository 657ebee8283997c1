import { SUBMIT_TAG, type SubmitPayload } from '../shared/custom-events'

/**
 * Records form submissions as `submit` custom events naming the form's rrweb node id. rrweb records no
 * submit events, and a form sent by pressing Enter shows no click at all, so without this the step model
 * could only guess. The listener is passive and in the capture phase: it never changes what the page's own
 * submit handlers see or do (preventDefault included), and nothing here throws into the page.
 */
export interface FormSubmitDeps {
  target: EventTarget
  /** rrweb's id of a recorded node (record.mirror.getId): -1 for nodes it did not serialise. */
  nodeIdOf: (node: Node) => number
  addCustomEvent: (tag: string, payload: SubmitPayload) => void
  isRecording: () => boolean
}

export function watchFormSubmits({ target, nodeIdOf, addCustomEvent, isRecording }: FormSubmitDeps): void {
  target.addEventListener(
    'submit',
    (event) => {
      try {
        if (!isRecording() || !event.target) return
        const id = nodeIdOf(event.target as Node)
        // A form inside a blocked element has no id: its submission is not recorded either.
        if (id > 0) addCustomEvent(SUBMIT_TAG, { id })
      } catch {
        // rrweb having stopped, a hostile event target: never an error of ours in the page.
      }
    },
    { capture: true, passive: true }
  )
}
