/** Where `npm run build` records when it started, relative to the checkout. */
export declare const BUILD_STAMP: string;
/** True when dist/ was built after the last change to any source file under src/ (tests aside). */
export declare function freshBuild(root: string): boolean;
