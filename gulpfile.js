// Builds around tsc: dist/ starts empty (no file of a moved or removed source stays behind to be
// packed), and the node and credential icons are copied next to the compiled files, where n8n looks.
const fs = require('fs');
const path = require('path');
const { task, src, dest } = require('gulp');

task('clean', async () => fs.rmSync(path.resolve('dist'), { recursive: true, force: true }));

task('build:icons', () => src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.' }).pipe(dest(path.resolve('dist'))));
