/** Without a valid token the workspace shows this and nothing else: no list, no player, no buttons. */
export function AccessDenied({ message }: { message: string }) {
  return (
    <main className="access-denied" data-testid="access-denied">
      <h1>Replay Investigator</h1>
      <p role="alert">{message}</p>
    </main>
  )
}
