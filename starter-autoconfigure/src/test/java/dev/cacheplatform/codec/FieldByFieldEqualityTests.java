package dev.cacheplatform.codec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldByFieldEqualityTests {

	/** No equals: compared through its fields only. */
	static class Node {

		String name;

		@Nullable Node parent;

		List<Node> children = new ArrayList<>();

		transient int cachedHash;

		Node(String name) {
			this.name = name;
		}

		Node add(Node child) {
			child.parent = this;
			this.children.add(child);
			return this;
		}

	}

	@Test
	void equalGraphsWithCyclesAreEqual() {
		assertThat(FieldByFieldEquality.difference(tree("leaf"), tree("leaf"))).isNull();
	}

	@Test
	void differenceIsReportedByPathWithoutTheValue() {
		assertThat(FieldByFieldEquality.difference(tree("leaf"), tree("s3cr3t"))).isEqualTo("$.children[0].name differs");
	}

	@Test
	void bigDecimalScaleCounts() {
		assertThat(FieldByFieldEquality.difference(new BigDecimal("1.50"), new BigDecimal("1.5"))).isEqualTo("$ differs");
	}

	@Test
	void transientStateIsIgnored() {
		Node node = new Node("a");
		node.cachedHash = 42;
		assertThat(FieldByFieldEquality.difference(node, new Node("a"))).isNull();
	}

	@Test
	void unorderedSetsOfClassesWithoutEqualsMatchInAnyOrder() {
		Set<Node> expected = new HashSet<>();
		Set<Node> actual = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			expected.add(new Node("n" + i));
			actual.add(new Node("n" + i));
		}
		assertThat(FieldByFieldEquality.difference(expected, actual)).isNull();
		actual.iterator().next().name = "changed";
		assertThat(FieldByFieldEquality.difference(expected, actual)).isEqualTo("$: an element has no equal counterpart");
	}

	@Test
	void orderedCollectionsMustKeepTheirOrder() {
		assertThat(FieldByFieldEquality.difference(new LinkedHashSet<>(List.of("a", "b")),
				new LinkedHashSet<>(List.of("b", "a"))))
			.isEqualTo("$[0] differs");
	}

	@Test
	void jdkCollectionsOfTheSameKindMayDifferInClass() {
		assertThat(FieldByFieldEquality.difference(List.of("a"), new ArrayList<>(List.of("a")))).isNull();
		assertThat(FieldByFieldEquality.difference(Set.of("a"), Collections.unmodifiableSet(new HashSet<>(Set.of("a")))))
			.isNull();
		assertThat(FieldByFieldEquality.difference(List.of("a"), new HashSet<>(Set.of("a"))))
			.startsWith("$: java.util.ImmutableCollections$List12 came back as java.util.HashSet");
		assertThat(FieldByFieldEquality.difference(new TreeSet<>(Set.of("a")), new HashSet<>(Set.of("a"))))
			.contains("came back as java.util.HashSet");
	}

	@Test
	void classesMustComeBackAsThemselves() {
		assertThat(FieldByFieldEquality.difference(new Node("a").add(new Node("b")), new Node("a")))
			.isEqualTo("$.children came back with a different number of elements");
		assertThat(FieldByFieldEquality.difference(List.of(1L), List.of(1)))
			.isEqualTo("$[0]: java.lang.Long came back as java.lang.Integer");
	}

	@Test
	void arraysCompareElementByElement() {
		assertThat(FieldByFieldEquality.difference(new int[] { 1, 2 }, new int[] { 1, 2 })).isNull();
		assertThat(FieldByFieldEquality.difference(new int[] { 1, 2 }, new int[] { 1, 3 })).isEqualTo("$ differs");
		assertThat(FieldByFieldEquality.difference(new Node[] { new Node("a") }, new Node[] { new Node("a") })).isNull();
	}

	private static Node tree(String leaf) {
		return new Node("root").add(new Node(leaf).add(new Node("grandchild")));
	}

}
