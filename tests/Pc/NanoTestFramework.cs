// The nanoFramework.TestFramework v3 API on MSTest, so that the same test files run on a device (or the
// nanoFramework virtual device) and on the PC.
//
// How it maps:
// - [TestClass], [TestMethod], [DataRow] are MSTest's own attributes under the nanoFramework names (aliases below).
// - [Setup] maps to MSTest [TestInitialize] and [Cleanup] to [TestCleanup]. nanoFramework runs a class's Setup once
//   before its tests, MSTest before each test on a fresh instance; so tests must not rely on state left behind by
//   another test (they do not: each builds its own simulated board in Setup or in the test).
// - Assert, CollectionAssert and OutputHelper are re-implemented with the signatures of api-v1.txt (message
//   parameters optional, as in the package), reporting failures through MSTest.
// - Assert.SkipTest maps to Assert.Inconclusive, which the runner counts as skipped.
// - MSTest gives each test an instance, the device's launcher gives none: DeviceTestState.cs fails the run when a
//   device test class declares instance fields, as they would be NullReferenceExceptions on a device.
// This file is PC-only: it is not listed in any .nfproj, where the real package provides these types.

global using TestClassAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestClassAttribute;
global using TestMethodAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute;
global using DataRowAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.DataRowAttribute;
global using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
global using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;

using System;
using System.Collections;
using MSAssert = Microsoft.VisualStudio.TestTools.UnitTesting.Assert;

[assembly: Microsoft.VisualStudio.TestTools.UnitTesting.DoNotParallelize]

namespace nanoFramework.TestFramework
{
    /// <summary>nanoFramework.TestFramework's Assert, reporting through MSTest.</summary>
    public static class Assert
    {
        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                Fail($"AreEqual failed. Expected:<{Show(expected)}>. Actual:<{Show(actual)}>. {message}");
            }
        }

        public static void AreEqual(bool expected, bool actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(byte expected, byte actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(char expected, char actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(DateTime expected, DateTime actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(double expected, double actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(float expected, float actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(int expected, int actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(long expected, long actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(short expected, short actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(string expected, string actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(uint expected, uint actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { AreEqual((object)expected, actual, message); }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { AreEqual((object)expected, actual, message); }

        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                Fail($"AreNotEqual failed. Both are <{Show(actual)}>. {message}");
            }
        }

        public static void AreNotEqual(bool notExpected, bool actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(byte notExpected, byte actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(char notExpected, char actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(double notExpected, double actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(float notExpected, float actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(long notExpected, long actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(string notExpected, string actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(uint notExpected, uint actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }
        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "") { AreNotEqual((object)notExpected, actual, message); }

        public static void AreSame(object expected, object actual, string message = "")
        {
            if (!ReferenceEquals(expected, actual)) Fail("AreSame failed. " + message);
        }

        public static void AreNotSame(object notExpected, object actual, string message = "")
        {
            if (ReferenceEquals(notExpected, actual)) Fail("AreNotSame failed. " + message);
        }

        public static void IsTrue(bool condition, string message = "")
        {
            if (!condition) Fail("IsTrue failed. " + message);
        }

        public static void IsFalse(bool condition, string message = "")
        {
            if (condition) Fail("IsFalse failed. " + message);
        }

        public static void IsNull(object value, string message = "")
        {
            if (value != null) Fail($"IsNull failed, was <{Show(value)}>. {message}");
        }

        public static void IsNotNull(object value, string message = "")
        {
            if (value == null) Fail("IsNotNull failed. " + message);
        }

        public static void IsInstanceOfType(object value, Type expected, string message = "")
        {
            if (value == null || !expected.IsInstanceOfType(value)) Fail($"IsInstanceOfType failed, expected {expected}. {message}");
        }

        public static void Contains(string expected, string value, string message = "")
        {
            if (value == null || value.IndexOf(expected, StringComparison.Ordinal) < 0) Fail($"Contains failed: <{expected}> not in <{value}>. {message}");
        }

        public static void DoesNotContains(string notExpected, string value, string message = "")
        {
            if (value != null && value.IndexOf(notExpected, StringComparison.Ordinal) >= 0) Fail($"DoesNotContains failed: <{notExpected}> in <{value}>. {message}");
        }

        public static void StartsWith(string expected, string value, string message = "")
        {
            if (value == null || !value.StartsWith(expected, StringComparison.Ordinal)) Fail($"StartsWith failed: <{value}> does not start with <{expected}>. {message}");
        }

        public static void EndsWith(string expected, string value, string message = "")
        {
            if (value == null || !value.EndsWith(expected, StringComparison.Ordinal)) Fail($"EndsWith failed: <{value}> does not end with <{expected}>. {message}");
        }

        /// <summary>Passes when <paramref name="action"/> throws exactly <paramref name="exception"/>.</summary>
        public static void ThrowsException(Type exception, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                if (e.GetType() != exception)
                {
                    Fail($"ThrowsException failed: expected {exception.Name}, got {e.GetType().Name}: {e.Message}. {message}");
                }

                return;
            }

            Fail($"ThrowsException failed: expected {exception.Name}, nothing was thrown. {message}");
        }

        public static void SkipTest(string message = "")
        {
            MSAssert.Inconclusive(message);
        }

        private static void Fail(string text)
        {
            MSAssert.Fail(text);
        }

        private static string Show(object value)
        {
            return value == null ? "(null)" : value.ToString();
        }
    }

    /// <summary>nanoFramework.TestFramework's CollectionAssert (element-wise equality).</summary>
    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            if (!SameElements(expected, actual))
            {
                MSAssert.Fail($"CollectionAssert.AreEqual failed. Expected:<{Show(expected)}>. Actual:<{Show(actual)}>. {message}");
            }
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            if (SameElements(notExpected, actual))
            {
                MSAssert.Fail($"CollectionAssert.AreNotEqual failed. Both are <{Show(actual)}>. {message}");
            }
        }

        public static void Empty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count != 0) MSAssert.Fail("CollectionAssert.Empty failed. " + message);
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            if (collection == null || collection.Count == 0) MSAssert.Fail("CollectionAssert.NotEmpty failed. " + message);
        }

        private static bool SameElements(ICollection a, ICollection b)
        {
            if (a == null || b == null) return a == b;
            if (a.Count != b.Count) return false;
            IEnumerator ea = a.GetEnumerator();
            IEnumerator eb = b.GetEnumerator();
            while (ea.MoveNext() && eb.MoveNext())
            {
                if (!Equals(ea.Current, eb.Current)) return false;
            }

            return true;
        }

        private static string Show(ICollection c)
        {
            if (c == null) return "(null)";
            var text = new System.Text.StringBuilder();
            foreach (object item in c)
            {
                if (text.Length > 0) text.Append(' ');
                text.Append(item is byte b ? b.ToString("X2") : item?.ToString());
            }

            return text.ToString();
        }
    }

    /// <summary>nanoFramework.TestFramework's OutputHelper, writing to the test's output.</summary>
    public static class OutputHelper
    {
        public static void Write(string message) { Console.Write(message); }
        public static void WriteLine(string message) { Console.WriteLine(message); }
    }
}
