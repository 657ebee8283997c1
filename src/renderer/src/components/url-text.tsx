import { urlParts } from '../format'

/**
 * A page URL in one line that keeps its useful end: the host (muted) then the path, cut at the start
 * ("…/orders/42/confirm") when the column is narrow. The cut is `direction: rtl` on the box (its overflow side
 * is then the left), with the text itself isolated left-to-right (<bdi>) so slashes and dots stay in order.
 */
export function UrlText({ url }: { url: string }) {
  const { host, path } = urlParts(url)
  return (
    <span className="url-text" title={url}>
      <bdi>
        {host && <span className="url-host">{host}</span>}
        {path}
      </bdi>
    </span>
  )
}
