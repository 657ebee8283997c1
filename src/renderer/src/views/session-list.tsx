import type { SessionSummary } from '../../../shared/types'
import { formatBytes, formatDateTime, formatDuration, shortUrl } from '../format'

function SessionRow({ session }: { session: SessionSummary }) {
  const browser = [session.browser.name, session.browser.version?.split('.')[0]].filter(Boolean).join(' ')
  return (
    <tr data-session-id={session.id}>
      <td>{formatDateTime(session.startedAt)}</td>
      <td className="num">{formatDuration(session.durationMs)}</td>
      <td className="url" title={session.urls.join('\n')}>
        {shortUrl(session.urls[0] ?? '')}
        {session.urls.length > 1 && <span className="badge">+{session.urls.length - 1}</span>}
      </td>
      <td>{browser || '—'}</td>
      <td>{session.os.name ?? '—'}</td>
      <td>{session.device.type}</td>
      <td className="mono">{session.ip ?? '—'}</td>
      <td className="num">{session.eventCount.toLocaleString()}</td>
      <td className="num">{formatBytes(session.bytesStored)}</td>
      <td>
        <span className={`mask mask-${session.maskLevel}`}>{session.maskLevel}</span>
      </td>
    </tr>
  )
}

export function SessionList({ sessions }: { sessions: SessionSummary[] }) {
  return (
    <table className="session-list" aria-label="Recorded sessions">
      <thead>
        <tr>
          <th>Started</th>
          <th className="num">Duration</th>
          <th>Pages</th>
          <th>Browser</th>
          <th>OS</th>
          <th>Device</th>
          <th>IP</th>
          <th className="num">Events</th>
          <th className="num">Stored</th>
          <th>Masking</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <SessionRow key={session.id} session={session} />
        ))}
      </tbody>
    </table>
  )
}
