// JVM (Maven ecosystem): pom.xml, Gradle lockfiles and Gradle dependency verification metadata.
import type { Scanner } from '../types.js';
import { gradleLockfileScanner } from './gradle-lockfile/index.js';
import { gradleVerificationMetadataScanner } from './gradle-verification-metadata/index.js';
import { pomXmlScanner } from './pom-xml/index.js';

/** The JVM scanners, in sniffing order. */
export const javaScanners: Scanner[] = [gradleVerificationMetadataScanner, pomXmlScanner, gradleLockfileScanner];
