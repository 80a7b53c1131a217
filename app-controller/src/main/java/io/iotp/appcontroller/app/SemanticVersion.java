package io.iotp.appcontroller.app;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version, ordered by semver 2.0 precedence (build metadata ignored), so
 * "latest" means the highest version rather than the last uploaded.
 *
 * @param major major
 * @param minor minor
 * @param patch patch
 * @param preRelease dot-separated pre-release identifiers; empty for a release
 */
public record SemanticVersion(long major, long minor, long patch,
		List<String> preRelease) implements Comparable<SemanticVersion> {

	private static final Pattern SEMVER = Pattern
		.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

	private static final Comparator<SemanticVersion> ORDER = Comparator.comparingLong(SemanticVersion::major)
		.thenComparingLong(SemanticVersion::minor)
		.thenComparingLong(SemanticVersion::patch)
		.thenComparing(SemanticVersion::preRelease, SemanticVersion::comparePreRelease);

	/**
	 * @throws IllegalArgumentException if {@code text} is not a semantic version
	 */
	public static SemanticVersion parse(String text) {
		Matcher matcher = SEMVER.matcher(text);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a semantic version");
		}
		String preRelease = matcher.group(4);
		return new SemanticVersion(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Long.parseLong(matcher.group(3)), (preRelease == null) ? List.of() : List.of(preRelease.split("\\.")));
	}

	@Override
	public int compareTo(SemanticVersion other) {
		return ORDER.compare(this, other);
	}

	/**
	 * A release ranks above its pre-releases; identifiers compare numerically when both
	 * are numbers.
	 */
	private static int comparePreRelease(List<String> left, List<String> right) {
		if (left.isEmpty() || right.isEmpty()) {
			return Boolean.compare(left.isEmpty(), right.isEmpty());
		}
		for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
			int compared = compareIdentifier(left.get(i), right.get(i));
			if (compared != 0) {
				return compared;
			}
		}
		return Integer.compare(left.size(), right.size());
	}

	private static int compareIdentifier(String left, String right) {
		boolean leftNumeric = left.chars().allMatch(Character::isDigit);
		boolean rightNumeric = right.chars().allMatch(Character::isDigit);
		if (leftNumeric && rightNumeric) {
			return (left.length() != right.length()) ? Integer.compare(left.length(), right.length())
					: left.compareTo(right);
		}
		if (leftNumeric != rightNumeric) {
			return leftNumeric ? -1 : 1;
		}
		return left.compareTo(right);
	}

}
