/** One W3 import in this process, with the sharp build WHISKER_SHARP chooses, printed as JSON. */
import { builtAs, imageLibrary } from '../src/data/imageLibrary.ts';
import { benchImport } from './importFolder.ts';

const result = await benchImport();
console.log(JSON.stringify({ build: builtAs(imageLibrary()), ...result }));
