import { createRoot } from 'react-dom/client';
import '../lib/theme.css';
import { FieldApp } from './FieldApp.tsx';
import { FieldModel } from './FieldModel.ts';

const model = new FieldModel();
const root = document.getElementById('root');
if (!root) throw new Error('#root missing from field/index.html');
createRoot(root).render(<FieldApp model={model} />);
