import '../../src/ui/shared/theme.css';
import '../../src/ui/options/options.css';
import { mountOptions } from '../../src/ui/options/mount-options.tsx';

mountOptions(document.getElementById('app')!);
