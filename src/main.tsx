import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { App } from './App';
import { dotColorCss } from './ui/run/traffic';

// The outcome colours as CSS variables (one source: traffic.ts DOT_COLORS).
const dotColors = document.createElement('style');
dotColors.textContent = dotColorCss();
document.head.append(dotColors);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
