import '../../src/ui/shared/theme.css';
import '../../src/ui/popup/popup.css';
import { mountPopup } from '../../src/ui/popup/mount-popup.tsx';

mountPopup(document.getElementById('app')!);
