// Vite/Vitest `?raw` imports: fixtures are imported as text, which also works in the browser.
declare module "*?raw" {
  const text: string;
  export default text;
}
