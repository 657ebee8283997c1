import Bowser from 'bowser'
import type { DeviceType } from '../../../shared/types'
import type { ClientFacts } from '../store/store'

const KNOWN_DEVICE_TYPES = new Set<DeviceType>(['desktop', 'mobile', 'tablet', 'tv', 'bot'])

/** Parsed user agent; cached per UA string because every batch of a session carries the same one. */
const parsedUserAgents = new Map<string, Omit<ClientFacts, 'ip'>>()
const PARSE_CACHE_LIMIT = 1000

/** What is known of a client that names no browser: nothing. */
export const UNKNOWN_CLIENT: Omit<ClientFacts, 'ip'> = {
  browserName: null,
  browserVersion: null,
  osName: null,
  osVersion: null,
  deviceType: 'unknown'
}

function parseWithBowser(userAgent: string): Bowser.Parser.ParsedResult | null {
  // bowser throws on an empty string; a client may legitimately send no user agent.
  if (!userAgent.trim()) return null
  try {
    return Bowser.parse(userAgent)
  } catch {
    return null
  }
}

export function parseUserAgent(userAgent: string): Omit<ClientFacts, 'ip'> {
  const cached = parsedUserAgents.get(userAgent)
  if (cached) return cached
  const result = parseWithBowser(userAgent)
  if (!result) return UNKNOWN_CLIENT
  const platform = result.platform.type as DeviceType | undefined
  const facts = {
    browserName: result.browser.name ?? null,
    browserVersion: result.browser.version ?? null,
    osName: result.os.name ?? null,
    osVersion: result.os.version ?? null,
    deviceType: platform && KNOWN_DEVICE_TYPES.has(platform) ? platform : 'unknown'
  }
  if (parsedUserAgents.size >= PARSE_CACHE_LIMIT) parsedUserAgents.clear()
  parsedUserAgents.set(userAgent, facts)
  return facts
}

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is reported as "127.0.0.1". */
export function normaliseIp(address: string | undefined | null): string | null {
  if (!address) return null
  const trimmed = address.trim()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)
  return mapped ? mapped[1]! : trimmed
}

/**
 * The client's address: the socket peer, or — only when the operator said the app sits behind a
 * proxy (--trust-proxy) — the first X-Forwarded-For entry, which a direct client could forge.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean
): string | null {
  if (trustProxy && forwardedFor) {
    const header = Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor
    const first = header?.split(',')[0]?.trim()
    if (first) return normaliseIp(first)
  }
  return normaliseIp(socketAddress)
}
