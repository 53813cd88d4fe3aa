package dev.cacheplatform.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages depend in one direction: env, connection, codec, then cache and session side by side, then
 * metrics, health and actuate, then autoconfigure. tenant and diagnostics are leaves that anyone may use:
 * diagnostics uses none of ours, tenant only diagnostics. A new import against the direction fails here, naming the classes.
 */
class PackageDirectionTests {

	private static final String BASE = "dev.cacheplatform";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	@Test
	void packagesDependInOneDirection() {
		assertThat(classes).as("the production classes were found").hasSizeGreaterThan(100);
		Architectures.layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.withOptionalLayers(true)
			.layer("env").definedBy(BASE + ".env..")
			.layer("connection").definedBy(BASE + ".connection..")
			.layer("codec").definedBy(BASE + ".codec..")
			.layer("cache").definedBy(BASE + ".cache..")
			.layer("session").definedBy(BASE + ".session..")
			.layer("metrics").definedBy(BASE + ".metrics..")
			.layer("health").definedBy(BASE + ".health..")
			.layer("actuate").definedBy(BASE + ".actuate..")
			.layer("autoconfigure").definedBy(BASE + ".autoconfigure..")
			.whereLayer("autoconfigure").mayNotBeAccessedByAnyLayer()
			.whereLayer("actuate").mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("health").mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("metrics").mayOnlyBeAccessedByLayers("autoconfigure")
			.whereLayer("cache").mayOnlyBeAccessedByLayers("metrics", "health", "actuate", "autoconfigure")
			.whereLayer("session").mayOnlyBeAccessedByLayers("metrics", "health", "actuate", "autoconfigure")
			.whereLayer("codec")
			.mayOnlyBeAccessedByLayers("cache", "session", "metrics", "health", "actuate", "autoconfigure")
			.whereLayer("connection")
			.mayOnlyBeAccessedByLayers("codec", "cache", "session", "metrics", "health", "actuate", "autoconfigure")
			.whereLayer("env")
			.mayOnlyBeAccessedByLayers("connection", "codec", "cache", "session", "metrics", "health", "actuate",
					"autoconfigure")
			.check(classes);
	}

	@Test
	void driversAreLayersOverTheCacheCore() {
		// The core (manager, pipeline, scope, loading) knows no driver; each store and layer knows the core; the
		// tiered driver's level one reuses the memory store; only config wires them together
		Architectures.layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.withOptionalLayers(true)
			.layer("core").definedBy(BASE + ".cache")
			.layer("fault").definedBy(BASE + ".cache.fault..")
			.layer("memory").definedBy(BASE + ".cache.memory..")
			.layer("redis").definedBy(BASE + ".cache.redis..")
			.layer("near").definedBy(BASE + ".cache.near..")
			.layer("config").definedBy(BASE + ".cache.config..")
			.whereLayer("config").mayNotBeAccessedByAnyLayer()
			.whereLayer("near").mayOnlyBeAccessedByLayers("config")
			.whereLayer("fault").mayOnlyBeAccessedByLayers("config")
			.whereLayer("redis").mayOnlyBeAccessedByLayers("config")
			.whereLayer("memory").mayOnlyBeAccessedByLayers("near", "config")
			.whereLayer("core").mayOnlyBeAccessedByLayers("fault", "memory", "redis", "near", "config")
			.check(classes);
	}

	@Test
	void tenantAndDiagnosticsAreLeaves() {
		// diagnostics (failure reports, redaction, log rates) uses none of ours; tenant uses only diagnostics
		noClasses().that()
			.resideInAPackage(BASE + ".diagnostics..")
			.should()
			.dependOnClassesThat(resideInAPackage(BASE + "..")
				.and(DescribedPredicate.not(resideInAPackage(BASE + ".diagnostics.."))))
			.check(classes);
		noClasses().that()
			.resideInAPackage(BASE + ".tenant..")
			.should()
			.dependOnClassesThat(resideInAPackage(BASE + "..")
				.and(DescribedPredicate.not(resideInAnyPackage(BASE + ".tenant..", BASE + ".diagnostics.."))))
			.check(classes);
	}

}
