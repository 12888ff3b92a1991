// Renderer entry: mounts the app into renderer/index.html's #root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element to mount Lotwise into.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
