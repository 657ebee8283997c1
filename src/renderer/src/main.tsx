import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectWorkspace, onAccessLost } from './api/bridge'
import { App } from './app'
import { applyTheme } from './theme'
import { AccessDenied } from './views/access-denied'
import './styles.css'

applyTheme()
const root = createRoot(document.getElementById('root')!)
const denied = (message: string) => root.render(<AccessDenied message={message} />)
onAccessLost(denied)
// Nothing renders until access is settled: one loopback round trip in browser mode, none in Electron.
void connectWorkspace().then((access) =>
  access.granted
    ? root.render(
        <StrictMode>
          <App />
        </StrictMode>
      )
    : denied(access.message)
)
