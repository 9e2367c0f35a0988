import '../../src/ui/shared/theme.css';
import '../../src/ui/sidepanel/side-panel.css';
import { mountSidePanel } from '../../src/ui/sidepanel/mount-side-panel.tsx';

mountSidePanel(document.getElementById('app')!);
