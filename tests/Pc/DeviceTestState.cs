// PC-only, next to NanoTestFramework.cs: makes the PC refuse what the device cannot run.
//
// MSTest creates a fresh instance of a test class for each test, so instance fields work on the PC. The device's
// launcher (nanoFramework.TestFramework 3.0.77) calls [Setup], [TestMethod] and [Cleanup] with a null instance,
// so the same fields throw NullReferenceException there. Before any test runs, this fails the whole test run when
// a device test class (any [TestClass] outside DualReader.Tests.Pc, whose classes run on the PC only) declares
// instance fields, so instance state cannot come back unnoticed even where the nanoFramework check is not run.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DualReader.Tests.Pc
{
    [TestClass]
    public class DeviceTestState
    {
        /// <summary>Namespace of the PC-only tests (tests/Pc): MSTest's instance semantics are theirs to use.</summary>
        public const string PcOnlyNamespace = "DualReader.Tests.Pc";

        [AssemblyInitialize]
        public static void RefuseInstanceStateInDeviceTests(TestContext context)
        {
            List<string> state = typeof(DeviceTestState).Assembly.GetTypes()
                .Where(IsDeviceTestClass)
                .SelectMany(InstanceState)
                .ToList();
            if (state.Count > 0)
            {
                throw new InvalidOperationException(
                    "device test classes keep instance state, which is null on a device (the nanoFramework launcher runs [Setup], [TestMethod] and [Cleanup] without an instance); make it static or local:\n  "
                    + string.Join("\n  ", state));
            }
        }

        /// <summary>A [TestClass] that also runs on a device: every test class outside <see cref="PcOnlyNamespace"/>.</summary>
        public static bool IsDeviceTestClass(Type type)
        {
            return type.GetCustomAttribute<TestClassAttribute>() != null
                && !(type.Namespace == PcOnlyNamespace || (type.Namespace ?? "").StartsWith(PcOnlyNamespace + ".", StringComparison.Ordinal));
        }

        /// <summary>
        /// The instance fields <paramref name="type"/> declares, as "Type.field"; the hidden fields behind an
        /// auto-property or a field-like event are named after it. Other compiler-generated fields are left out
        /// (none of them is state the test code wrote).
        /// </summary>
        public static IEnumerable<string> InstanceState(Type type)
        {
            const BindingFlags declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            const string backingSuffix = ">k__BackingField";
            foreach (FieldInfo field in type.GetFields(declared))
            {
                if (field.Name.StartsWith("<", StringComparison.Ordinal) && field.Name.EndsWith(backingSuffix, StringComparison.Ordinal))
                {
                    yield return $"{type.FullName}.{field.Name.Substring(1, field.Name.Length - 1 - backingSuffix.Length)} (auto-property)";
                }
                else if (type.GetEvent(field.Name, declared) != null)
                {
                    yield return $"{type.FullName}.{field.Name} (event)";
                }
                else if (field.GetCustomAttribute<CompilerGeneratedAttribute>() == null)
                {
                    yield return $"{type.FullName}.{field.Name}";
                }
            }
        }
    }
}
