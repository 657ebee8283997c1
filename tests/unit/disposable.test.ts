// app-core's one way to stop what it started: disposed once, in reverse order, all of them even when one fails.
import { describe, expect, it } from 'vitest'
import { DisposableStack, toDisposable } from '../../src/main/core/disposable'
import { memoryLogger } from '../../src/main/core/log'
import { ChangeFeed } from '../../src/main/core/services/change-feed'

describe('DisposableStack', () => {
  it('disposes in reverse order of adding, once, waiting for async ones', async () => {
    const order: string[] = []
    const stack = new DisposableStack()
    stack.add(toDisposable(() => void order.push('store')))
    stack.add(
      toDisposable(async () => {
        await new Promise((resolve) => setImmediate(resolve))
        order.push('server')
      })
    )
    stack.add(toDisposable(() => void order.push('timer')))
    await stack.dispose()
    await stack.dispose()
    expect(order).toEqual(['timer', 'server', 'store'])
  })

  it('runs every dispose when one throws, then throws the first failure', async () => {
    const order: string[] = []
    const stack = new DisposableStack()
    stack.add(toDisposable(() => void order.push('last')))
    stack.add(
      toDisposable(() => {
        throw new Error('first failure')
      })
    )
    stack.add(toDisposable(() => void order.push('first')))
    await expect(stack.dispose()).rejects.toThrow('first failure')
    expect(order).toEqual(['first', 'last'])
  })

  it('disposes at once what is added after it was disposed', async () => {
    const stack = new DisposableStack()
    await stack.dispose()
    let disposed = false
    stack.add(toDisposable(() => void (disposed = true)))
    expect(disposed).toBe(true)
  })
})

describe('ChangeFeed', () => {
  it('a subscription is a Disposable; a failing listener is logged and does not stop the others', () => {
    const logger = memoryLogger()
    const feed = new ChangeFeed(logger)
    const seen: string[] = []
    feed.subscribe(() => {
      throw new Error('closed stream')
    })
    const subscription = feed.subscribe((notice) => seen.push(notice.sessionId))
    feed.publish({ kind: 'session-updated', sessionId: 'feed-session-1' })
    void subscription.dispose()
    feed.publish({ kind: 'session-updated', sessionId: 'feed-session-2' })
    expect(seen).toEqual(['feed-session-1'])
    expect(logger.lines).toEqual(['change listener failed: closed stream', 'change listener failed: closed stream'])
  })
})
