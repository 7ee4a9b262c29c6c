// Copies the node and credential icons next to the compiled files in dist/, where n8n looks for them.
const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', () => src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.' }).pipe(dest(path.resolve('dist'))));
