import { createRoot } from 'react-dom/client';
import '../lib/theme.css';
import { ConsoleApp } from './ConsoleApp.tsx';
import { ConsoleModel } from './ConsoleModel.ts';

const view = new URLSearchParams(window.location.search).get('view') === 'wall' ? 'wall' : 'console';
const model = new ConsoleModel();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing from console/index.html');
createRoot(root).render(<ConsoleApp model={model} view={view} />);
window.addEventListener('pagehide', () => model.close());
