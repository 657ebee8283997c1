// The element a replay's player renders into, sized to the space it is given: the replay view has one,
// the diff view two. The owner attaches it to its replay session and hears about size changes.
import { useLayoutEffect, useRef, type ReactNode } from 'react'

interface ReplayFrameProps {
  attach(container: HTMLElement | null, size?: { width: number; height: number }): void
  resize(width: number, height: number): void
  loading: boolean
  testId?: string
  /** Drawn over the player (the skip-inactivity note). */
  children?: ReactNode
}

export function ReplayFrame({ attach, resize, loading, testId = 'player-frame', children }: ReplayFrameProps) {
  const ref = useRef<HTMLDivElement>(null)

  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => ({ width: element.clientWidth, height: element.clientHeight })
    attach(element, measure())
    const observer = new ResizeObserver(() => {
      const { width, height } = measure()
      resize(width, height)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      attach(null)
    }
  }, [attach, resize])

  return (
    <div className="player-frame" ref={ref} data-testid={testId}>
      {loading && <div className="player-placeholder muted">Loading the first page…</div>}
      {children}
    </div>
  )
}
