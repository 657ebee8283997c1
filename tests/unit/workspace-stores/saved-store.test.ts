// The workspace's pins (Saved view) against the real core over HTTP: pin with a name and note, edit, unpin,
// delete; the session list follows each change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSavedStore } from '../../../src/renderer/src/stores/saved-store'
import { useSessionsStore } from '../../../src/renderer/src/stores/sessions-store'
import { gzipBatch, syntheticBatches } from '../../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../../helpers/test-core'
import { connectWorkspaceBridge } from '../../helpers/workspace-bridge'

let core: TestCore
const IDS = ['saved-store-0001', 'saved-store-0002']

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  for (const [i, sessionId] of IDS.entries()) {
    for (const batch of syntheticBatches({ seed: i, sessionId, events: 10, startAt: Date.now() - (i + 1) * 60_000 })) {
      expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
    }
  }
  await connectWorkspaceBridge(core)
  await useSessionsStore.getState().refresh()
})
afterAll(() => core.dispose())

const saved = () => useSavedStore.getState()
const listed = (id: string) => useSessionsStore.getState().sessions.find((session) => session.id === id)

describe('the saved store', () => {
  it('pins with a name and a note, newest pin first, and the list shows the pin', async () => {
    await saved().pin(IDS[1]!, 'Slow checkout', 'look at 0:40')
    await saved().pin(IDS[0]!, 'Card declined', '')
    expect(saved().saved.map((detail) => [detail.id, detail.pin!.name, detail.pin!.note])).toEqual([
      [IDS[0], 'Card declined', ''],
      [IDS[1], 'Slow checkout', 'look at 0:40']
    ])
    expect(listed(IDS[0]!)).toMatchObject({ pinned: true, pinName: 'Card declined' })
    expect(core.store.getSession(IDS[1]!)!.pin).toMatchObject({ name: 'Slow checkout', note: 'look at 0:40' })
  })

  it('edits a pin in place, unpins, and deletes', async () => {
    await saved().pin(IDS[1]!, 'Slow checkout on Safari', 'look at 0:40')
    expect(saved().saved.find((detail) => detail.id === IDS[1])!.pin!.name).toBe('Slow checkout on Safari')
    await saved().unpin(IDS[0]!)
    expect(saved().saved.map((detail) => detail.id)).toEqual([IDS[1]])
    expect(listed(IDS[0]!)).toMatchObject({ pinned: false, pinName: null })
    await saved().remove(IDS[1]!)
    expect(saved().saved).toEqual([])
    expect(core.store.getSession(IDS[1]!)).toBeNull()
    expect(listed(IDS[1]!)).toBeUndefined()
  })

  it("rejects a pin of a session that does not exist with the core's message, changing nothing", async () => {
    await expect(saved().pin('saved-store-none', 'x', '')).rejects.toThrow(/no session saved-store-none/)
    await saved().refresh()
    expect(saved()).toMatchObject({ saved: [], loading: false, error: null })
  })
})
