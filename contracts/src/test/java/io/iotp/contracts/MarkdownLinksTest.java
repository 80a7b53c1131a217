package io.iotp.contracts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the repository's Markdown leads to a file or folder of the
 * repository, and no document sends its reader outside it: someone who clones the
 * repository has nothing else. This module runs the check because it is built first and
 * needs nothing but the files; Surefire runs it in the module's folder, so the repository
 * is its parent.
 */
class MarkdownLinksTest {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/**
	 * Build outputs, downloaded packages and Git's own files are not the repository's
	 * documents.
	 */
	private static final Set<String> NOT_DOCUMENTS = Set.of("node_modules", "target", ".git");

	/**
	 * {@code [text](target)} and {@code ![alt](target "title")}; the target may be in
	 * angle brackets.
	 */
	private static final Pattern LINK = Pattern
		.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

	/**
	 * A scheme such as {@code https:} or {@code mailto:}: not a file of the repository.
	 */
	private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

	private static List<Path> documents;

	@BeforeAll
	static void findDocuments() throws IOException {
		assertThat(ROOT.resolve("pom.xml")).as("the repository root, parent of the module's folder").isRegularFile();
		assertThat(ROOT.resolve("contracts")).isDirectory();
		try (Stream<Path> files = Files.walk(ROOT)) {
			documents = files.filter(file -> file.getFileName().toString().endsWith(".md"))
				.filter(Files::isRegularFile)
				.filter(file -> !inSkippedFolder(ROOT.relativize(file)))
				.sorted()
				.toList();
		}
		assertThat(documents).as("Markdown files under " + ROOT).contains(ROOT.resolve("README.md"));
	}

	@Test
	void everyRelativeLinkPointsAtAFileInsideTheRepository() throws IOException {
		Set<String> broken = new LinkedHashSet<>();
		for (Path document : documents) {
			for (Reference reference : references(document)) {
				String problem = problemOf(document, reference.target());
				if (problem != null) {
					broken.add(ROOT.relativize(document) + ":" + reference.line() + ": " + reference.target() + " "
							+ problem);
				}
			}
		}
		assertThat(broken).as("broken links (file:line: target problem)").isEmpty();
	}

	@Test
	void noDocumentRefersToTheProjectsSharedFolder() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path document : documents) {
			List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).contains("../shared")) {
					found.add(ROOT.relativize(document) + ":" + (i + 1) + ": " + lines.get(i).strip());
				}
			}
		}
		assertThat(found).as("references to ../shared, which a clone does not have").isEmpty();
	}

	/**
	 * Links outside fenced code blocks, and inline code spans that are relative paths
	 * leaving the document's folder ({@code `../x`}): both name a place the reader is
	 * meant to find. Commands in fenced blocks run from a folder of their own and are not
	 * read as paths.
	 */
	private static List<Reference> references(Path document) throws IOException {
		List<Reference> references = new ArrayList<>();
		boolean fenced = false;
		List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				continue;
			}
			Matcher code = CODE_SPAN.matcher(line);
			while (code.find()) {
				String span = code.group(2).strip();
				if (span.startsWith("../")) {
					references.add(new Reference(i + 1, span));
				}
			}
			Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
			while (link.find()) {
				references.add(new Reference(i + 1, link.group(1)));
			}
		}
		return references;
	}

	/**
	 * Why the target is broken, or null when it is fine or not a file of the repository
	 * at all.
	 */
	private static String problemOf(Path document, String target) {
		if (target.startsWith("#") || SCHEME.matcher(target).find()) {
			return null;
		}
		String path = target.replaceFirst("[#?].*$", "");
		if (path.isEmpty()) {
			return null;
		}
		if (path.startsWith("/")) {
			return "is absolute: link relative to the document";
		}
		Path resolved = document.getParent().resolve(path).normalize();
		if (!resolved.startsWith(ROOT)) {
			return "leaves the repository";
		}
		if (!Files.exists(resolved)) {
			return "does not exist";
		}
		return null;
	}

	private static boolean inSkippedFolder(Path relative) {
		for (Path part : relative) {
			if (NOT_DOCUMENTS.contains(part.toString())) {
				return true;
			}
		}
		return false;
	}

	private record Reference(int line, String target) {
	}

}
