// The open session diff: the diff's rows (from the core's diffSessions), the row selected, the two pages
// compared at that row (comparePages), and two replays, one per session (replay/replay-session.ts, each
// with a mount of its own), kept at the selected row: selecting a row seeks both.
import { create } from 'zustand'
import type { DiffRow, PageComparison, SessionDiff } from '../../../shared/diff/diff-types'
import { getBridge } from '../api/bridge'
import { INITIAL_SNAPSHOT, ReplaySession, type Mount, type ReplaySnapshot } from '../replay/replay-session'
import { useSessionsStore } from './sessions-store'

export type DiffSide = 'a' | 'b'
export const DIFF_SIDES: readonly DiffSide[] = ['a', 'b']

interface DiffState {
  ids: { a: string; b: string } | null
  status: 'idle' | 'loading' | 'ready' | 'missing' | 'error'
  error: string | null
  diff: SessionDiff | null
  /** The row selected (its index in diff.rows). */
  row: number
  /** The two pages at the selected row (null while they load). */
  pages: PageComparison | null
  pagesError: string | null
  players: Record<DiffSide, ReplaySnapshot>

  open(a: string, b: string, row: number | null): void
  close(): void
  selectRow(row: number): void
  /** ↑/↓: the previous/next row. */
  moveRow(delta: number): void
  /** The previous/next row that is not `same`. */
  jumpDifference(direction: -1 | 1): void
  firstDivergence(): void
  attach(side: DiffSide, container: HTMLElement | null, size?: { width: number; height: number }): void
  resize(side: DiffSide, width: number, height: number): void
  /** Both players play from where they are, or both pause. */
  togglePlay(): void
}

const replays: Record<DiffSide, ReplaySession | null> = { a: null, b: null }
const mounts: Record<DiffSide, Mount> = {
  a: { container: null, size: { width: 640, height: 360 } },
  b: { container: null, size: { width: 640, height: 360 } }
}
let unsubscribe: () => void = () => {}
/** Bumped on every open and page request: answers to an older one are dropped. */
let generation = 0

/** What the store holds while no diff is open. */
const CLOSED = {
  ids: null,
  status: 'idle',
  error: null,
  diff: null,
  row: 0,
  pages: null,
  pagesError: null,
  players: { a: INITIAL_SNAPSHOT, b: INITIAL_SNAPSHOT }
} satisfies Partial<DiffState>

const momentOf = (row: DiffRow, side: DiffSide) => (side === 'a' ? row.aAt : row.bAt)

export const useDiffStore = create<DiffState>((set, get) => {
  /** Seeks both players to the row and asks for the two pages there. */
  function goTo(row: number): void {
    const diff = get().diff
    const target = diff?.rows[row]
    if (!diff || !target) return
    set({ row, pages: null, pagesError: null })
    for (const side of DIFF_SIDES) {
      replays[side]?.pause()
      replays[side]?.seek(momentOf(target, side))
    }
    const asked = ++generation
    getBridge()
      .api.comparePages(diff.a.sessionId, target.aAt, diff.b.sessionId, target.bAt)
      .then(
        (pages) => asked === generation && set({ pages }),
        (error: Error) => asked === generation && set({ pagesError: error.message })
      )
  }

  function startReplays(diff: SessionDiff, row: DiffRow | undefined): void {
    for (const side of DIFF_SIDES) {
      const info = diff[side]
      const replay = new ReplaySession(
        info.sessionId,
        getBridge().api,
        mounts[side],
        (patch) => {
          if (replays[side] === replay)
            set({ players: { ...get().players, [side]: { ...get().players[side], ...patch } } })
        },
        { loadRemoteAssets: false, speed: 1, skipInactive: true }
      )
      replays[side] = replay
      set({ players: { ...get().players, [side]: replay.snapshot } })
      void replay.start(row ? momentOf(row, side) - info.startedAt : null)
    }
  }

  return {
    ...CLOSED,

    open(a, b, row) {
      get().close()
      const opened = ++generation
      set({ ids: { a, b }, status: 'loading' })
      unsubscribe = useSessionsStore.getState().onChange((notice) => {
        if (notice.kind === 'session-deleted' && (notice.sessionId === a || notice.sessionId === b)) {
          for (const side of DIFF_SIDES) replays[side]?.gone()
          set({ status: 'missing' })
        }
      })
      getBridge()
        .api.diffSessions(a, b)
        .then(
          (diff) => {
            if (opened !== generation) return
            const first = row ?? diff.firstDivergence?.row ?? 0
            const at = Math.min(Math.max(0, first), Math.max(0, diff.rows.length - 1))
            set({ diff, status: 'ready', row: at })
            startReplays(diff, diff.rows[at])
            goTo(at)
          },
          (error: Error) => {
            if (opened !== generation) return
            set({ status: /no session/.test(error.message) ? 'missing' : 'error', error: error.message })
          }
        )
    },

    close() {
      generation++
      unsubscribe()
      unsubscribe = () => {}
      for (const side of DIFF_SIDES) {
        replays[side]?.close()
        replays[side] = null
      }
      set(CLOSED)
    },

    selectRow: (row) => goTo(row),
    moveRow(delta) {
      const count = get().diff?.rows.length ?? 0
      if (count) goTo(Math.min(count - 1, Math.max(0, get().row + delta)))
    },
    jumpDifference(direction) {
      const rows = get().diff?.rows ?? []
      for (let at = get().row + direction; at >= 0 && at < rows.length; at += direction) {
        if (rows[at]!.op !== 'same') return goTo(at)
      }
    },
    firstDivergence() {
      const first = get().diff?.firstDivergence
      if (first) goTo(first.row)
    },

    attach(side, container, size) {
      const mount = mounts[side]
      if (size) mount.size = size
      if (container === mount.container) return
      mount.container = container
      replays[side]?.mountChanged()
    },
    resize(side, width, height) {
      if (width < 10 || height < 10) return
      mounts[side].size = { width, height }
      replays[side]?.resize(width, height)
    },
    togglePlay() {
      const { players } = get()
      const playing = players.a.playing || players.b.playing
      for (const side of DIFF_SIDES) {
        if (playing) replays[side]?.pause()
        else replays[side]?.play()
      }
    }
  }
})
